"""Elections at a session and the officials' register: the 选举 tab of a session and the
page 任职与选举."""
