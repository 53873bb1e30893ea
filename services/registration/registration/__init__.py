"""The registration service: the contests catalog and participants' applications."""
