import { useEffect, useRef } from 'react';

interface Props {
  stream: MediaStream;
  label: string;
  testId: string;
  muted?: boolean;
  spotlight?: boolean;
}

/** One video with a visible label; audio of remote tiles plays through the same element. */
export function VideoTile({ stream, label, testId, muted = false, spotlight = false }: Props) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return (
    <figure className={spotlight ? 'tile spotlight' : 'tile'}>
      <video ref={ref} data-testid={testId} autoPlay playsInline muted={muted} aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
