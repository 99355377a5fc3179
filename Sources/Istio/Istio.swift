/// The Istio module.
public enum IstioModule {}
