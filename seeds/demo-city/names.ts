/**
 * Chinese place names for the fictional 示范市 (Demo City). Pools are ordered: the first entries
 * go to the most central or most important units. When a pool runs out, names are made from
 * generic word roots, and a Chinese numeral keeps them unique.
 */
import type { Random } from './random.ts';

const DISTRICT_NAMES = [
  '明德区', '临河区', '新华区', '长乐区', '安平区', '永宁区', '兴隆区', '广源区', '文昌区', '泰和区',
  '东城区', '西城区', '南湖区', '北岭区', '高新区', '开元区', '华阳区', '青云区', '金水区', '白鹭区',
  '瑞安区', '宁远区', '嘉禾区', '翠屏区', '龙湖区', '凤岭区', '云台区', '清河区', '玉泉区', '望海区',
  '锦屏区', '松山区', '柳林区', '杏坛区', '桂溪区', '梅岭区', '荷塘区', '石湖区', '紫阳区', '永丰区',
];
const COUNTY_NAMES = ['清源县', '丰泽县', '石门县', '凤山县', '桃源县', '平川县'];
const STREET_NAMES = [
  '和平街道', '东风街道', '解放街道', '建设街道', '胜利街道', '人民街道', '光明街道', '团结街道', '友谊街道', '红旗街道',
  '朝阳街道', '向阳街道', '前进街道', '文化街道', '花园街道', '北关街道', '南关街道', '西关街道', '东关街道', '车站街道',
  '公园街道', '湖滨街道', '河滨街道', '青年街道', '幸福街道', '振兴街道', '兴华街道', '长江街道', '黄河街道', '中山街道',
  '新城街道', '钟楼街道', '鼓楼街道', '府前街道', '学府街道', '工业街道', '矿区街道', '铁路街道', '翠湖街道', '龙山街道',
];
const TOWNSHIP_ROOTS = [
  '柳泉', '石桥', '杨庄', '马集', '高集', '白塔', '青石', '双河', '梨园', '枣林', '龙泉', '金岭', '铁山', '黄庄', '孙家',
  '南河', '北坡', '西岭', '东岭', '大王', '韩店', '唐坊', '刘集', '沙沟', '峪口', '桑园', '李村', '宋庄', '槐荫', '杏花',
];
/** Word roots for generated names (streets, townships, districts, communities). */
const ROOTS = [
  '幸福', '和谐', '阳光', '春晖', '华苑', '翠园', '锦绣', '金桥', '银河', '丽景', '绿洲', '康乐', '安居', '建华', '永安',
  '长青', '福寿', '吉祥', '瑞丰', '嘉禾', '荷花', '兰亭', '桂园', '梅园', '竹园', '松林', '柏林', '杏林', '枫林', '明珠',
  '东苑', '西苑', '南苑', '北苑', '新苑', '怡景', '馨园', '紫薇', '丁香', '海棠', '牡丹', '玉兰', '百合', '芙蓉', '凤凰',
  '龙泉', '泉城', '清泉', '碧水', '青山', '翠竹', '桃源', '杨柳', '槐树', '银杏', '文苑', '书香', '育才', '启明', '星光',
  '曙光', '朝霞', '彩虹', '晨曦', '东升', '旭日', '春天', '夏荷', '秋实', '冬青', '北辰', '南湖', '西湖', '东湖', '中和',
  '太平', '安康', '富民', '兴旺', '繁荣', '昌盛', '万象', '祥和', '宏达', '恒通', '盛世', '鸿福', '聚福', '隆盛', '德馨',
  '仁和', '义和', '礼贤', '智汇', '信义', '宝塔', '钟楼', '鼓楼', '铁塔', '石坊', '水磨', '磨坊', '盐店', '粮店', '车站',
  '机床', '纺织', '化工', '电厂', '煤矿', '陶瓷', '玻璃', '印染', '钢厂', '机械', '电子', '汽配', '轻工', '棉纺', '热电',
];
const COMMUNITY_SUFFIXES = ['', '', '', '里', '苑', '园', '新村', '花园', '家园', '东', '西'];
const EAST_WEST_ROADS = [
  '人民路', '解放路', '建设路', '胜利路', '和平路', '新华路', '文化路', '青年路', '光明路', '团结路',
  '工业路', '友谊路', '复兴路', '迎宾路', '育才路', '学府路',
];
const NORTH_SOUTH_ROADS = [
  '中山路', '东风路', '黄河路', '长江路', '泰山路', '华山路', '振兴路', '共青团路', '北京路', '上海路',
  '南京路', '天津路', '西湖路', '洪山路', '金晶路', '柳泉路',
];
const BRIDGE_NAMES = ['彩虹桥', '迎春桥', '望月桥', '通济桥', '永安桥', '太平桥', '长虹桥', '安澜桥', '广济桥', '凌波桥'];
const SHOP_WORDS = [
  '便利店', '超市', '早餐店', '菜店', '粮油店', '理发店', '洗衣店', '修鞋铺', '家电维修部', '药店', '书报亭',
  '快递点', '水果店', '面食店', '日杂店', '裁缝铺', '开锁服务部', '家政服务站',
];

/** Chinese numeral for 1–9999 (一, 十一, 二十三, 一百零五 …), used in 经三路, 幸福二社区. */
export function chineseNumeral(value: number): string {
  const digits = '零一二三四五六七八九';
  if (!Number.isInteger(value) || value < 1 || value > 9999) throw new Error(`chineseNumeral needs 1–9999, got ${value}`);
  if (value < 10) return digits[value] as string;
  if (value < 20) return `十${value % 10 === 0 ? '' : digits[value % 10]}`;
  if (value < 100) return `${digits[Math.floor(value / 10)]}十${value % 10 === 0 ? '' : digits[value % 10]}`;
  if (value < 1000) {
    const rest = value % 100;
    const restText = rest === 0 ? '' : rest < 10 ? `零${digits[rest]}` : rest < 20 ? `一${chineseNumeral(rest)}` : chineseNumeral(rest);
    return `${digits[Math.floor(value / 100)]}百${restText}`;
  }
  const rest = value % 1000;
  const restText = rest === 0 ? '' : rest < 100 ? `零${chineseNumeral(rest)}` : chineseNumeral(rest);
  return `${digits[Math.floor(value / 1000)]}千${restText}`;
}

/** Hands out unique names for every kind of place in the city. */
export interface NameBook {
  district(): string;
  county(): string;
  /** A 街道 name; `countySeat` gives the county town's 城关街道 when still free. */
  street(options?: { countySeat?: boolean }): string;
  /** A 镇 (about 80 %) or 乡 name. */
  township(): string;
  community(): string;
  /** Arterial road name for an east–west (`'ew'`) or north–south (`'ns'`) line. */
  road(direction: 'ew' | 'ns'): string;
  /** Bridge name; named after the road when given (人民路 → 人民桥). */
  bridge(roadName?: string | null): string;
  /** Underpass (下穿通道) name under the railway. */
  underpass(roadName?: string | null): string;
  /** A shop-like name for a convenience outlet. */
  shop(communityName: string): string;
}

/**
 * Creates a name book. All names are fictional (some words are common in real Chinese cities).
 *
 * @param {Random} random stream used to pick among generated names
 * @returns {NameBook} the name book
 * @example
 * const names = createNameBook(createRandom(1, 'names'));
 * names.street(); // '和平街道'
 */
export function createNameBook(random: Random): NameBook {
  const used = new Set<string>();
  const take = (name: string): string => {
    used.add(name);
    return name;
  };
  /** First free name of `pool`, else a generated one. */
  const fromPool = (pool: readonly string[], generate: (attempt: number) => string): string => {
    for (const name of pool) if (!used.has(name)) return take(name);
    for (let attempt = 0; ; attempt++) {
      const name = generate(attempt);
      if (!used.has(name)) return take(name);
    }
  };
  /** A root-based name, with a numeral once the random attempts keep colliding. */
  const generated = (suffix: string) => (attempt: number): string => {
    const root = random.pick(ROOTS);
    return attempt < 40 ? `${root}${suffix}` : `${root}${chineseNumeral(2 + Math.floor(attempt / 40))}${suffix}`;
  };
  const counters = { ew: 0, ns: 0 };
  const roadStem = (roadName: string): string =>
    /^[^经纬]{2,3}路$/.test(roadName) ? roadName.slice(0, -1) : roadName;

  return {
    district: () => fromPool(DISTRICT_NAMES, generated('区')),
    county: () => fromPool(COUNTY_NAMES, generated('县')),
    street: (options = {}) => {
      if (options.countySeat && !used.has('城关街道')) return take('城关街道');
      return fromPool(STREET_NAMES, generated('街道'));
    },
    township: () => {
      for (let attempt = 0; ; attempt++) {
        const root = attempt < 30 ? random.pick(TOWNSHIP_ROOTS) : random.pick(ROOTS);
        const stem = attempt < 60 ? root : `${root}${chineseNumeral(2 + Math.floor(attempt / 60))}`;
        // One township per root: never both 唐坊镇 and 唐坊乡.
        if (used.has(`${stem}镇`) || used.has(`${stem}乡`)) continue;
        return take(`${stem}${random.chance(0.2) ? '乡' : '镇'}`);
      }
    },
    community: () =>
      fromPool([], (attempt) => {
        const root = random.pick(ROOTS);
        const suffix = random.pick(COMMUNITY_SUFFIXES);
        return attempt < 50 ? `${root}${suffix}社区` : `${root}${chineseNumeral(2 + Math.floor(attempt / 50))}社区`;
      }),
    road: (direction) => {
      const pool = direction === 'ew' ? EAST_WEST_ROADS : NORTH_SOUTH_ROADS;
      return fromPool(pool, () => {
        counters[direction] += 1;
        return `${direction === 'ew' ? '纬' : '经'}${chineseNumeral(counters[direction])}路`;
      });
    },
    bridge: (roadName) => {
      if (roadName) {
        const name = `${roadStem(roadName)}桥`;
        if (!used.has(name)) return take(name);
      }
      return fromPool(BRIDGE_NAMES, generated('桥'));
    },
    underpass: (roadName) => {
      if (roadName) {
        const name = `${roadName}下穿通道`;
        if (!used.has(name)) return take(name);
      }
      return fromPool([], generated('地道'));
    },
    shop: (communityName) => `${communityName.replace(/社区$/, '')}${random.pick(SHOP_WORDS)}`,
  };
}
