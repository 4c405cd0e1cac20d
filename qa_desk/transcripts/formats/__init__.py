"""One module per input format; each turns decoded text into canonical Calls."""
