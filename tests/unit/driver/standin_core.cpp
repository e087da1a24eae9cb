// Stand-in for incan_core in the driver tests: one function to prove it is linked.
int standin_core_answer() { return 9; }
