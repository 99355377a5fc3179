/// The Sandbox module.
public enum SandboxModule {}
