"""The history's training charts, drawn with pyqtgraph.

Imported only when the runner opens a chart tab in the history, so pyqtgraph (and numpy) stay
off the app's start-up path. Each panel draws the plain series of `hillsprint.core.chart_data`
and nothing else: no metric is computed here.
"""
