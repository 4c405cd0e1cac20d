"""A deterministic corpus of realistic-length Chinese calls for benchmarks, written as a stream."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

OPENINGS = ["您好，我是{id}号客服代表，很高兴为您服务", "您好，工号{id}为您服务，请问有什么可以帮您",
            "早上好，客服专员{id}号，请讲", "喂，你好"]
TOPICS = [
    ("宽带", ["我家宽带从昨天晚上开始就连不上了，灯一直在闪", "光猫上面的LOS灯是红色的",
              "我已经重启过好几次路由器了，还是不行"]),
    ("快递", ["我上周五买的东西到现在还没收到", "物流信息三天没有更新了", "单号是SF{num}"]),
    ("贷款", ["我想问一下提前还款要不要手续费", "我这个月的还款日是几号", "利息是怎么计算的"]),
    ("窗帘", ["师傅昨天来装的窗帘，轨道有点歪", "遮光效果还可以", "安装师傅挺准时的"]),
    ("话费", ["我这个月话费怎么多扣了三十块钱", "我没有开通过什么增值业务", "能不能帮我查一下明细"]),
]
AGENT_LINES = ["好的，我这边帮您登记一下，麻烦您提供一下机主姓名和联系电话",
               "我看到您的账户是正常状态，这边为您提交一个维修工单，师傅会在二十四小时内和您联系",
               "您说的这个情况我已经记录下来了，我们会尽快安排相关人员为您处理",
               "根据系统显示，您的订单已经在派送途中，预计明天下午送达",
               "如果您还有其他疑问，可以随时拨打我们的服务热线",
               "好的，您说的情况我明白了，您家的地址是在朝阳区望京街道对吧",
               "这个问题一般是线路老化导致的，师傅上门检测之后会给您一个明确的答复"]
HOLD = ("请您稍等，我马上为您查询", "感谢您的耐心等待，已经为您查到了相关信息")
CUSTOMER_FILLERS = ["嗯，好的", "行，那麻烦你了", "那大概要多久啊", "我知道了",
                    "你们能不能快一点，我这边着急用", "好的好的，谢谢"]
CLOSINGS = ["请问还有其他需要帮助的吗", "感谢您的来电，祝您生活愉快，再见"]


def generate(rng: random.Random, index: int) -> dict:
    agent = str(1000 + index % 40)
    _, details = TOPICS[index % len(TOPICS)]
    turns = [("agent", rng.choice(OPENINGS).format(id=agent))]
    target = rng.randint(1300, 2000)
    length = len(turns[0][1])
    while length < target:
        customer = rng.choice(details).format(num=rng.randint(10**9, 10**10))
        if rng.random() < 0.3:
            customer += "，" + rng.choice(CUSTOMER_FILLERS)
        agent_line = rng.choice(AGENT_LINES)
        if rng.random() < 0.5:
            agent_line += "，" + rng.choice(AGENT_LINES)
        turns += [("customer", customer), ("agent", agent_line)]
        length += len(customer) + len(agent_line)
    if index % 3 == 0:  # a third of the calls put the customer on hold once
        middle = len(turns) // 2 | 1
        turns[middle + 1:middle + 1] = [("agent", HOLD[0]), ("customer", "好的"), ("agent", HOLD[1])]
    turns += [("agent", c) for c in CLOSINGS]
    clock, timed = 0.0, []
    for speaker, text in turns:
        seconds = len(text) / rng.uniform(2.3, 3.0)
        timed.append({"speaker": speaker, "start": round(clock, 2), "end": round(clock + seconds, 2),
                      "text": text})
        clock += seconds + rng.uniform(0.3, 1.5)
    return {
        "call_id": f"bench-{index:06d}",
        "agent": {"id": agent, "name": f"坐席{agent}"},
        "channel": "inbound" if index % 4 else "outbound",
        "started_at": f"2026-11-{1 + index % 28:02d}T{8 + index % 10:02d}:{index % 60:02d}:00+08:00",
        "turns": timed,
        "events": [{"type": "hangup", "by": "customer", "at": round(clock + 2, 2)}],
    }


def iter_calls(count: int, seed: int = 20261124) -> Iterator[dict]:
    rng = random.Random(seed)
    for index in range(count):
        yield generate(rng, index)


def write_corpus(folder: Path, count: int, per_file: int = 1000) -> tuple[int, int]:
    """Write `count` calls as JSON lines files; returns (files, characters of turn text)."""
    folder.mkdir(parents=True, exist_ok=True)
    chars = files = 0
    handle = None
    for index, call in enumerate(iter_calls(count)):
        if index % per_file == 0:
            if handle:
                handle.close()
            handle = (folder / f"calls-{index // per_file:03d}.jsonl").open("w", encoding="utf-8")
            files += 1
        chars += sum(len(t["text"]) for t in call["turns"])
        handle.write(json.dumps(call, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return files, chars
