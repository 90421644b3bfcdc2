package dev.coral.agent.api;

/** Builds exporters. An exporter is created once and shared by the pipelines naming it. */
public interface ExporterFactory<C> extends ComponentFactory<C> {
    @Override
    default ComponentKind kind() {
        return ComponentKind.EXPORTER;
    }

    Exporter create(ComponentContext context, C config);
}
