"""City-scale benchmarks: each prints its time beside the bare library's time from the same run."""
