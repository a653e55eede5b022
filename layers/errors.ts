/** Thrown when the layer cannot be built: bad project metadata, a failed bundle, or a layer over budget. */
export class LayerBuildError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LayerBuildError';
  }
}
