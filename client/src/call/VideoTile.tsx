import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  stream: MediaStream;
  label: string;
  testId: string;
  muted?: boolean;
  spotlight?: boolean;
  speaking?: boolean;
  /** Its media connection dropped and is being restored. */
  reconnecting?: boolean;
  /** A teacher's controls for the class in this tile (ClassControls). */
  controls?: ReactNode;
  /** Called with the tile's width in CSS pixels whenever it changes. */
  onWidth?: (widthPx: number) => void;
}

/** One video with a visible label; audio of remote tiles plays through the same element. */
export function VideoTile({ stream, label, testId, muted = false, spotlight = false, speaking = false, reconnecting = false, controls, onWidth }: Props) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  // The latest callback, so that the observer is set up once per tile, not per render.
  const onWidthRef = useRef(onWidth);
  onWidthRef.current = onWidth;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => entry && onWidthRef.current?.(entry.contentRect.width * window.devicePixelRatio));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <figure className={['tile', spotlight && 'spotlight', speaking && 'speaking'].filter(Boolean).join(' ')}>
      <video ref={ref} data-testid={testId} autoPlay playsInline muted={muted} aria-label={label} />
      {reconnecting && (
        <p className="tile-reconnecting" data-testid="tile-reconnecting" role="status">
          Reconnecting… the picture will come back by itself
        </p>
      )}
      <figcaption>
        {label}
        {speaking && <span className="visually-hidden"> (speaking)</span>}
      </figcaption>
      {controls}
    </figure>
  );
}
