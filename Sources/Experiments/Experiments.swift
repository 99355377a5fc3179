/// The Experiments module.
public enum ExperimentsModule {}
