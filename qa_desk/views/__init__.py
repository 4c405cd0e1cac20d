"""Qt widgets and item models: the only package (with app.py) that imports Qt."""
