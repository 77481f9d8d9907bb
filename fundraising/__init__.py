"""The kernel: money, FEC dates, validators, exceptions, logging and storage. Imports none of our apps."""
