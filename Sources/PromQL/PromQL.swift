/// The PromQL module.
public enum PromQLModule {}
