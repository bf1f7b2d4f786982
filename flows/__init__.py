"""The face of articlean: its command line and, in later modules, its Prefect flows.

Importing this package does not import Prefect, so that `articlean clean` starts fast.
"""
