"""社区嵌入式服务设施台账: the core, free of Qt."""

__version__ = "0.1.0"
