print("normcheck: under construction")
