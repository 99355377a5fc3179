/// The HTTPTransport module.
public enum HTTPTransportModule {}
