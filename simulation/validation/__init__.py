"""Validation: does the model reproduce the patterns of EVIDENCE.md (E1-E19, X3-X4)?

- `experiments`: the experiment file format (`experiments/validation/*.yaml`), its typed schema
  and loading;
- `checks`: the measures an experiment names and the test each check runs (the statistics are
  `simulation.statistics`, shared with the mechanisms' direction tests and the reports);
- `cli`: `copsim-validate`, which runs every experiment on all cores;
- `report`: docs/validation.md, with one figure per pattern;
- `sensitivity`: how the policy conclusions move when each assumed constant changes
  (`copsim-validate --sensitivity`).
"""
