"""What the two geopandas peers share for the levels above IRIS: values as ratios of sums, base-100 scores."""
import pandas as pd


def level_values(frame, pairs):
    """Each indicator's value from summed columns: pairs maps an indicator to its (numerator, denominator) sums."""
    values = pd.DataFrame(index=frame.index)
    for name, (n, d) in pairs.items():
        values[name] = frame[n] / frame[d]
    return values


def level_scores(values, reference, lower):
    """Values and base-100 scores against the reference values (one row per territory, or one Series for all), as the
    engine turns them: 100·x/ref, or for lower-is-more-fragile indicators 100·ref/x (amounts, lower[name] None) and
    100·(H−x)/(H−ref) (shares bounded by H = lower[name]); the global score is the mean of the scores."""
    frame = pd.DataFrame(index=values.index)
    for name in values.columns:
        v, r = values[name], reference[name]
        bound = lower.get(name, "higher")
        frame[f"{name}_value"] = v
        frame[name] = 100 * v / r if bound == "higher" else (100 * r / v if bound is None else 100 * (bound - v) / (bound - r))
    frame["score_global"] = frame[list(values.columns)].mean(axis=1, skipna=True)
    return frame
