"""Voice delivery: speech activity, speaking rate, pauses, loudness and pitch from the audio track."""
