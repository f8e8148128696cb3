// SVG files are imported as their source text (webpack `asset/source`).
declare module '*.svg' {
  const source: string;
  export default source;
}
