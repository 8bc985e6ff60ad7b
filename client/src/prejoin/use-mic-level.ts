import { useEffect, useState } from 'react';

/** How often the level shown moves: fast enough to follow a voice, slow enough not to flicker. */
const LEVEL_INTERVAL_MS = 100;

/** The loudness (0–1) of a stream's microphone, so that a class sees that it is heard. */
export function useMicLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    const source = context.createMediaStreamSource(stream);
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const v of samples) sum += v * v;
      // RMS, scaled so that speech at a normal distance fills most of the bar.
      setLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
    }, LEVEL_INTERVAL_MS);
    // A page not yet touched may start the context suspended; the preview is shown anyway.
    void context.resume().catch(() => undefined);
    return () => {
      clearInterval(timer);
      source.disconnect();
      void context.close();
    };
  }, [stream]);
  return level;
}
