"""Electronic filing with the FEC: the one module that talks to the FEC's upload service (gateway.py)."""
