//! Bench: break ~60,000 characters of Chinese body text (paragraphs from the 衡阳日报
//! 2022-02-08 page-1 seed, repeated) at a 13-em measure, 9 pt, GB kinsoku, 2-em indent —
//! one page-1 worth of columns several times over. Target: < 10 ms in release.
//!
//! Also 100,000 characters without a break opportunity (linear, not quadratic).
//!
//! Run: `cargo bench --bench linebreak`.

use std::hint::black_box;

use broadsheet::linebreak::testing::shape_model;
use broadsheet::linebreak::{normalize_wire_text, prepare, Composition};
use broadsheet::text::ShapedText;
use criterion::{criterion_group, criterion_main, Criterion};

const SEED: &[&str] = &[
    "衡阳日报讯(全媒体记者 陈润)虎年首个工作日，我市以视频会议方式召开市、县、乡“聚力中心化攻坚年”行动动员大会，释放大抓产业、抓大项目、抓大项目的强烈信号。市委书记秦国文出席并强调，全市上下要深入学习贯彻党的十九届六中全会精神和中央、省委经济工作会议精神，思想要“聚力中心”形成共识，产业要“聚力中心”科学布局，项目要“聚力中心”高效推进，园区要“聚力中心”做大做强，责任要“聚力中心”压紧扛牢，坚定不移加快推进中心化进程，加快建设名副其实的国家区域重点城市和省域副中心城市。市委副书记、市长朱健主持会议。",
    "秦国文强调，全市上下思想要“聚力中心”形成共识，以“中心”为目标，朝着“中心”努力奋斗。要以全局眼光明晰中心定位，以系统思维加快中心建设，在更大区域发挥集聚、辐射、示范和引领作用，不断提升衡阳的影响力、辐射力和带动力。要以奔跑姿态聚焦中心发力，在“长跑比赛”中不断增添“体力”和“动能”，以更快的速度、更久的持续力、更稳健的步伐推进“中心化”进程，奋力实现首季“开门红”。",
    "秦国文要求，产业要“聚力中心”科学布局，围绕国家战略抢抓产业布局，积极主动融入国家战略布局，以产业项目建设推动重大战略、重大专项落实落地，让供应链、产业链、消费链在衡阳形成集聚和辐射效应。要围绕扬长避短做强产业链条，立足优势招商，着力引进一批基础性、战略性、牵引性强的大项目、好项目；要瞄准短板招商，提高项目招",
    "引率、履约率、落地率、投产率；要用活资源招商，主动了解、对接企业内在需求，充分挖掘产业“富矿”，千方百计招引大型企业来衡布局，支持头部企业、链主企业集聚引领产业链横向成群、纵向成链。要围绕质量效益加快产业转型升级，坚持创新引领，提升“含新量”；强化能耗控制，提升“含绿量”；注重税收贡献，提升“含金量”，切实把精力、资源、指标等集中到重点产业和关键项目上来。",
];

const SIZE: f64 = 9.0;
const TARGET_CHARS: usize = 60_000;

fn corpus() -> Vec<ShapedText> {
    let mut out = Vec::new();
    let mut chars = 0;
    while chars < TARGET_CHARS {
        for p in SEED {
            let text = normalize_wire_text(p);
            chars += text.chars().count();
            out.push(shape_model(&text, SIZE));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let paras = corpus();
    let comp = Composition::default();
    let measure = 13.0 * SIZE;
    c.bench_function("linebreak 60k chars, prepare + lines @13em", |b| {
        b.iter(|| {
            let mut n = 0;
            for p in &paras {
                n += prepare(black_box(p), &[], &comp).lines(measure).len();
            }
            black_box(n)
        })
    });
    let prepared: Vec<_> = paras.iter().map(|p| prepare(p, &[], &comp)).collect();
    c.bench_function("linebreak 60k chars, lines only @13em", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| p.lines(black_box(measure)).len())
                .sum::<usize>()
        })
    });
}

/// 100,000 characters with no break opportunity (a pasted hash or base64 blob) at a
/// 13-em measure: broken into emergency pieces in linear time (this took
/// 17.6 s when the scan walked to the unit's end from every position).
/// 25,000 characters too, so the two numbers show the scaling (linear: about ×4).
fn bench_unbreakable(c: &mut Criterion) {
    let comp = Composition::default();
    let measure = 13.0 * SIZE;
    let mut group = c.benchmark_group("unbreakable");
    group.sample_size(10);
    for n in [25_000, 100_000] {
        let shaped = shape_model(&"a".repeat(n), SIZE);
        group.bench_function(format!("linebreak {n} chars without a break @13em"), |b| {
            b.iter(|| prepare(black_box(&shaped), &[], &comp).lines(measure).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench, bench_unbreakable);
criterion_main!(benches);
