print("pingan")
