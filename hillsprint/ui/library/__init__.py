"""Your plans and hills: the plan library, the plan editor and its pieces (rules, rep table,
pattern form), the hills dialog and the hill details shown elsewhere."""
