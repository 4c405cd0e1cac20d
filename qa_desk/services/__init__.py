"""Use cases shared by the command line and the desktop app: one short DB session each."""
