"""Elections at a session (选举、补选) and the officials' register (任职登记)."""
