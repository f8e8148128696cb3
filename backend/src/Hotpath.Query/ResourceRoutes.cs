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
            .Map("POST", "adhoc/folded", AdhocFoldedRoute.HandleAsync);
    }
}
