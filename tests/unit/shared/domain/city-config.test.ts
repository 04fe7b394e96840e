import { describe, expect, it } from 'vitest';
import { isLeadingIndustry, LIANYUNGANG, loadCityConfig } from '../../../../shared/domain/city-config';

describe('city configuration', () => {
  it("defaults to Lianyungang's districts, industries, floor and targets", () => {
    const config = loadCityConfig({});
    expect(config).toBe(LIANYUNGANG);
    expect(config.districts).toHaveLength(10);
    expect(config.industries.filter((i) => i.leading).map((i) => i.code)).toEqual([
      'petrochemical',
      'pharma',
      'new-materials',
      'new-energy',
    ]);
    expect(config.defaultTargets).toEqual({ signed: 1000, agreedInvestment: 400_000_000_000, leadingShare: 0.7, sameYearStartRate: 0.5 });
    expect(isLeadingIndustry(config, 'logistics')).toBe(false);
  });

  it('another city replaces it through CITY_CONFIG_JSON, without code changes', () => {
    const other = { ...LIANYUNGANG, city: '某市', districts: [{ code: 'east', name: '东区' }], minAgreedInvestment: 50_000_000 };
    expect(loadCityConfig({ CITY_CONFIG_JSON: JSON.stringify(other) })).toEqual(other);
    const { stalledAfterDays: _omitted, ...withoutStalled } = other;
    expect(loadCityConfig({ CITY_CONFIG_JSON: JSON.stringify(withoutStalled) }).stalledAfterDays).toBe(90);
  });

  it('a broken configuration fails at start-up, naming what is wrong', () => {
    expect(() => loadCityConfig({ CITY_CONFIG_JSON: '{' })).toThrow('CITY_CONFIG_JSON is not valid JSON');
    const dup = {
      ...LIANYUNGANG,
      districts: [
        { code: 'a', name: 'A' },
        { code: 'a', name: 'B' },
      ],
    };
    expect(() => loadCityConfig({ CITY_CONFIG_JSON: JSON.stringify(dup) })).toThrow(/districts: district codes must be unique/);
    const bad = { ...LIANYUNGANG, defaultTargets: { ...LIANYUNGANG.defaultTargets, sameYearStartRate: 50 } };
    expect(() => loadCityConfig({ CITY_CONFIG_JSON: JSON.stringify(bad) })).toThrow(/defaultTargets.sameYearStartRate/);
  });
});
