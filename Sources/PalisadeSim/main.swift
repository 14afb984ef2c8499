print("palisade-sim: under construction")
