// The host only hands d3 on to plugins as a whole module; it needs no types of its own.
declare module 'd3';
