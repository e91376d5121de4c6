print("tsearch: not yet")
