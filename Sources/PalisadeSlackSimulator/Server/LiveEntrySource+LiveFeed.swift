/// The scenario's background generator feeds the simulator's live mode.
extension LiveEntrySource: LiveEntryGenerating {}
