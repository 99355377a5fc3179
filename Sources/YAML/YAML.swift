/// The YAML module.
public enum YAMLModule {}
