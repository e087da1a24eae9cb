// Stand-in for incan_runtime in the driver tests: one function to prove it is linked.
int standin_runtime_answer() { return 40; }
