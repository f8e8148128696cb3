using Hotpath.Query.Health;
using Hotpath.Query.Routes;
using Hotpath.Query.Routing;

namespace Hotpath.Query;

/// <summary>The table of resource routes: the one place that says which path runs what.</summary>
public static class ResourceRoutes
{
    public static Router Build(HealthChecker health)
    {
        var healthRoute = new HealthRoute(health);
        return new Router()
            .Map("GET", "datasources", DataSourcesRoute.HandleAsync)
            .Map("GET", "health", healthRoute.HandleAsync)
            .Map("POST", "adhoc/folded", AdhocFoldedRoute.HandleAsync)
            // Exploration views: overview, service, series and labels.
            .Map("GET", "stats", StatsRoute.HandleAsync)
            .Map("GET", "services", ServicesRoute.HandleAsync)
            .Map("GET", "service", ServiceRoute.HandleAsync)
            .Map("GET", "series", SeriesRoute.HandleAsync)
            .Map("GET", "function-series", FunctionSeriesRoute.HandleAsync)
            .Map("GET", "labels", LabelsRoute.HandleAsync)
            .Map("GET", "label-names", LabelNamesRoute.HandleAsync)
            .Map("GET", "label-values", LabelValuesRoute.HandleAsync)
            // Flame graphs, exports, ad hoc profiles, favorites and settings.
            .Map("GET", "flamegraph", FlameGraphRoute.HandleAsync)
            .Map("GET", "sandwich", SandwichRoute.HandleAsync)
            .Map("GET", "function-details", FunctionDetailsRoute.HandleAsync)
            .Map("GET", "call-tree", CallTreeRoute.HandleAsync)
            .Map("GET", "diff", DiffRoute.HandleAsync)
            .Map("GET", "export", ExportRoute.HandleAsync)
            .Map("POST", "adhoc/upload", AdhocUploadRoute.HandleAsync)
            .Map("GET", "adhoc/list", AdhocListRoute.HandleAsync)
            .Map("GET", "adhoc/flamegraph", AdhocFlameGraphRoute.HandleAsync)
            .Map("GET", "adhoc/diff", AdhocDiffRoute.HandleAsync)
            .Map("GET", "favorites", FavoritesRoute.ListAsync)
            .Map("POST", "favorites", FavoritesRoute.AddAsync)
            .Map("DELETE", "favorites", FavoritesRoute.DeleteAsync)
            .Map("GET", "settings", SettingsRoute.GetAsync)
            .Map("PUT", "settings", SettingsRoute.PutAsync);
    }
}
