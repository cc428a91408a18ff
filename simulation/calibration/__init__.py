"""Fitting the model to observed chat histories (`copsim-calibrate`): ABC-SMC with pyabc."""
