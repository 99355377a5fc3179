// Benchmarks are added with the analysis engines.
print("no benchmarks yet")
