print("palisade-bench")
