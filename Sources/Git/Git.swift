/// The Git module.
public enum GitModule {}
