/// Marks `Dictionary`, whose encoding order is random, so the encoder sorts its keys.
protocol YAMLUnorderedMapping {}
extension Dictionary: YAMLUnorderedMapping {}

/// Marks `Set`, whose encoding order is random, so the encoder sorts its elements.
protocol YAMLUnorderedSequence {}
extension Set: YAMLUnorderedSequence {}
