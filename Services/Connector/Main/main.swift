print("palisade-connector: under construction")
