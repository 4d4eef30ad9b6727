"""At home, looking back: the history screen, its table model, the session detail and the
charts (charts/, pyqtgraph, loaded only when a chart is first shown)."""
