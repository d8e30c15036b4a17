import { parseRoute, ROUTE_METHODS } from '../../src/api/route-path';

describe('parseRoute', () => {
  test('splits method, path, segments and path parameters', () => {
    expect(parseRoute('POST /orders/{id}/items/{itemId}')).toEqual({
      route: 'POST /orders/{id}/items/{itemId}',
      method: 'POST',
      path: '/orders/{id}/items/{itemId}',
      segments: ['orders', '{id}', 'items', '{itemId}'],
      pathParameters: ['id', 'itemId'],
    });
  });

  test('normalizes the method to upper case and accepts the root path', () => {
    expect(parseRoute('get /')).toMatchObject({ route: 'GET /', method: 'GET', segments: [], pathParameters: [] });
  });

  test('accepts segments that contain dots but are not dot segments', () => {
    for (const path of ['/...', '/.well-known', '/v1.2', '/a..b', '/orders/.x']) {
      expect(parseRoute(`GET ${path}`).path).toBe(path);
    }
  });

  test('accepts every documented method and a greedy last parameter', () => {
    for (const m of ROUTE_METHODS) expect(() => parseRoute(`${m} /files/{path+}`)).not.toThrow();
    expect(parseRoute('ANY /files/{path+}').pathParameters).toEqual(['path']);
  });

  test.each([
    ['GET', /Route "GET": "route" must have the form "<METHOD> <path>"/],
    ['GET /a /b', /"route" must have the form/],
    ['FETCH /orders', /Route "FETCH \/orders": "method" must be one of GET, POST/],
    ['OPTIONS /orders', /"method" must not be OPTIONS \(CORS preflight is added by the "cors" prop\)/],
    ['GET orders', /"path" must start with "\/", got "orders"/],
    ['GET /orders/', /"path" must not end with "\/"/],
    ['GET /orders//items', /"path" must not contain empty segments/],
    ['GET /orders/{id+}/items', /greedy parameter \("\{id\+\}"\) only as its last segment/],
    ['GET /orders/{id}/x/{id}', /must not repeat the path parameter "id"/],
    ['GET /orders/{1id}', /"\{1id\}" is neither/],
    ['GET /orders/a b', /"route" must have the form/],
    ['GET /orders/$x', /"\$x" is neither/],
    ['GET /..', /Route "GET \/\.\.": "path" must not contain the dot segment "\.\." .*got "\/\.\."/],
    ['GET /.', /"path" must not contain the dot segment "\."/],
    ['GET /orders/../admin', /"path" must not contain the dot segment "\.\."/],
    ['POST /orders/./items', /"path" must not contain the dot segment "\."/],
    ['GET /orders/{id}/..', /"path" must not contain the dot segment "\.\."/],
  ])('refuses %j', (route, message) => {
    expect(() => parseRoute(route)).toThrow(message);
  });
});
