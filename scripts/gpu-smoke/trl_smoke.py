"""Three GRPO steps with TRL's rollout_func and didactic's server (see run.sh). Not run in didactic's CI."""

import argparse
import json
import os

from datasets import Dataset
from transformers import AutoTokenizer
from trl import GRPOConfig, GRPOTrainer

from didactic_env import DidacticClient
from didactic_env.trl import didactic_reward, make_rollout_func


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, default=3)
    args = parser.parse_args()

    with open(args.data, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    client = DidacticClient(os.environ["DIDACTIC_URL"])
    config = GRPOConfig(
        output_dir=args.out,
        max_steps=args.steps,
        per_device_train_batch_size=8,
        num_generations=4,
        max_completion_length=768,
        learning_rate=1e-6,
        beta=0.0,
        use_vllm=True,
        vllm_mode="colocate",
        vllm_gpu_memory_utilization=0.35,
        logging_steps=1,
        report_to="none",
        bf16=True,
    )
    trainer = GRPOTrainer(
        model=args.model,
        processing_class=tokenizer,
        reward_funcs=[didactic_reward],
        train_dataset=Dataset.from_list(rows),
        args=config,
        rollout_func=make_rollout_func(client, tokenizer, rows),
    )
    trainer.train()
    for entry in trainer.state.log_history:
        print(json.dumps(entry))


if __name__ == "__main__":
    main()
