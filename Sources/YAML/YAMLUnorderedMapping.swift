/// Marks `Dictionary`, whose encoding order is random, so the encoder sorts its keys.
protocol YAMLUnorderedMapping {}
extension Dictionary: YAMLUnorderedMapping {}
