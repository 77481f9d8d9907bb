"""The committee's books against its money: processor and conduit fees as operating expenditures, and the
bank statement reconciled against the books."""
