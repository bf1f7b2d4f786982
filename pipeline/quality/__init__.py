"""Quality: scores against labelled data, the corpus split, and training of the line model. Reads the rest of
the library; nothing in the cleaning path imports it."""
