"""Loads a policy file with skylinesim and writes its commands for given observations (argv: policy, obs.bin, out.bin)."""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'clients', 'python'))
from skylinesim import PolicyFileError, load_policy  # noqa: E402

policy = load_policy(sys.argv[1])
obs = np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, policy.observation_size)
policy.low, policy.high = np.zeros(4, np.float32), np.ones(4, np.float32)
policy(obs).astype(np.float32).tofile(sys.argv[3])
errors = {}
for name, text in (('format', '{"format": "onnx", "version": 1}'), ('not_json', '{')):
    path = sys.argv[3] + f'.{name}.json'
    with open(path, 'w') as handle:
        handle.write(text)
    try:
        load_policy(path)
    except PolicyFileError as error:
        errors[name] = str(error)
print(json.dumps({'repr': repr(policy), 'errors': errors}))
