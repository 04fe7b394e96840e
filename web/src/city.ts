// The city's districts, industries and input limits (GET /city), read once.
import { shallowRef } from 'vue';
import { api, dataOf } from './api';
import type { components } from '../../contract/api';

export type City = components['schemas']['City'];

export const city = shallowRef<City | null>(null);

export async function loadCity(): Promise<City> {
  if (city.value) return city.value;
  city.value = dataOf(await (await api()).GET('/city'));
  return city.value;
}

export function districtName(code: string): string {
  return city.value?.districts.find((d) => d.code === code)?.name ?? code;
}

export function industryName(code: string): string {
  return city.value?.industries.find((i) => i.code === code)?.name ?? code;
}
